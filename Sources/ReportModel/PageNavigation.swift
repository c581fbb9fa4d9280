/// Links from a report page to its neighbours in an archive site (`postsumm archive`): the
/// previous and next period of the same kind, the periods and the index above it, and the
/// periods it holds. Only the HTML page shows them; the other formats leave them out.
///
/// The links are relative paths postsumm makes from dates (`../../weeks/2026-W48/index.html`),
/// never text from a log.
public struct PageNavigation: Sendable, Codable, Equatable {
  public struct Link: Sendable, Codable, Equatable {
    public var label: String
    public var href: String

    public init(label: String, href: String) {
      self.label = label
      self.href = href
    }
  }

  public var previous: Link?
  public var next: Link?
  /// The week and month a day belongs to, the archive's index.
  public var up: [Link]
  /// The periods this one holds (a week's or a month's days), under `downTitle`.
  public var down: [Link]
  public var downTitle: String

  public init(previous: Link?, next: Link?, up: [Link], down: [Link] = [], downTitle: String = "") {
    self.previous = previous
    self.next = next
    self.up = up
    self.down = down
    self.downTitle = downTitle
  }
}
