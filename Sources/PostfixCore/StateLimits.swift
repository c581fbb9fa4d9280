/// Caps on in-flight state, so that input that never completes (lost `removed` lines, an
/// attacker's invented queue ids, pids that never disconnect) cannot grow memory without bound.
///
/// Real servers stay far below these: in-flight state is the mail queue plus, at a shard
/// boundary, the messages that straddle it. When a cap is reached the oldest states (by the
/// time of their last line) are dropped, a tenth of the cap at a time (after a merge, as many
/// as it takes to be back at the cap); dropped states are
/// counted in `LineStats.evictedMessages` / `evictedConnections`, reported on stderr, in JSON
/// and in HTML. A run that hits a cap is still bounded, but which states were dropped can
/// depend on how the input was split (`--jobs`); runs that stay under the caps never depend on
/// it.
public struct StateLimits: Sendable, Equatable {
  /// Open messages (queue ids) per shard, and in the merged state; as many content-filter
  /// sides waiting for their partner (`FilterHops`).
  public var messages: Int
  /// Queue ids whose history is deferred to the merge, per shard.
  public var pendingMessages: Int
  /// Their events, all ids together, per shard (an id's events are kept until it restarts or
  /// ends; past the cap, the rest of its lines count as if its history were unknown).
  public var pendingEvents: Int
  /// Open smtpd and postscreen connections (each), and pending connection ends.
  public var connections: Int

  public init(
    messages: Int = 250_000, pendingMessages: Int = 250_000, pendingEvents: Int = 1_000_000, connections: Int = 100_000
  ) {
    self.messages = messages
    self.pendingMessages = pendingMessages
    self.pendingEvents = pendingEvents
    self.connections = connections
  }

  public static let standard = StateLimits()
}
