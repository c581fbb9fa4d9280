/// One class of "Reject Classes": its rejects by the kind of reply code, temporary (4xx) and
/// permanent (5xx).
public struct RejectClassRow: Sendable, Codable, Equatable {
  public var rejectClass: RejectClass
  public var temporary: Int
  public var permanent: Int

  public var total: Int { temporary + permanent }

  public init(rejectClass: RejectClass, temporary: Int, permanent: Int) {
    self.rejectClass = rejectClass
    self.temporary = temporary
    self.permanent = permanent
  }
}
