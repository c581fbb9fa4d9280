/// One syslog host of the logs read: its Postfix lines and the messages it received.
public struct ServerRow: Sendable, Codable, Equatable {
  public var host: String
  public var lines: Int
  public var messages: Int

  public init(host: String, lines: Int, messages: Int) {
    self.host = host
    self.lines = lines
    self.messages = messages
  }
}
