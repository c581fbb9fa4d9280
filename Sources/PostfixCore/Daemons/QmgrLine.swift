/// The queue manager's lines about a message (its delivery status lines are `DeliveryLine`s):
/// `from=<SENDER>, size=N, nrcpt=M (queue active)`, `…, status=expired, returned to sender`,
/// `removed`.
enum QmgrLine: Equatable {
  /// `^from=<([^>]*)>, size=(\d+)`: the envelope sender (without the brackets) and the size.
  case sized(sender: Range<Int>, size: Int64)
  /// The message stayed queued past `maximal_queue_lifetime` and was returned.
  case expired
  /// The message left the queue.
  case removed

  static func parse(_ line: Bytes, at p: Int) -> QmgrLine? {
    if line.matches("from=<", at: p), let gt = line.index(of: ASCII.gt, from: p + 6), line.matches(", size=", at: gt + 1),
      let (size, _) = line.decimal(at: gt + 8)
    {
      return .sized(sender: (p + 6)..<gt, size: size)
    }
    if line.hasSuffix(", status=expired, returned to sender") { return .expired }
    if line.isExactly("removed", from: p) { return .removed }
    return nil
  }
}
