/// An abuse table ("SASL Authentication Failures by Client", "Relay Access Denied by Client"):
/// its clients by attempts, cut to the top `limit` as the host/domain tables are (`-h`,
/// `--detail`; an archive's pages, 100), with how many clients there were in all.
public struct AbuseClientTable: Sendable, Codable, Equatable {
  /// `-h`: nil shows every client.
  public var limit: Int?
  /// The clients before the cut.
  public var totalRows: Int
  public var rows: [AbuseClientRow]

  public init(limit: Int? = nil, totalRows: Int = 0, rows: [AbuseClientRow] = []) {
    self.limit = limit
    self.totalRows = totalRows
    self.rows = rows
  }
}
