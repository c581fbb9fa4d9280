import Dispatch

/// Runs two independent pieces of work at once and waits for both: the report is built and
/// written after the parallel parse, when every other core is idle, and its largest parts (the
/// recipient tables, the long text tables) split into halves of about equal work; so is an
/// aggregate's save (its tables' orders, its payload's halves, the deflate's pieces).
///
/// A module of its own, so that the report builder, the merge, the aggregate writer and the
/// renderers share it without the report model holding code that is not about the report.
/// Results come back in argument order, so output never depends on which half finishes first.
public enum ForkJoin {
  public static func both<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
    var a: A?
    var b: B?
    withoutActuallyEscaping(first) { first in
      withoutActuallyEscaping(second) { second in
        // Each iteration writes only its own result; concurrentPerform returns after both.
        withUnsafeMutablePointer(to: &a) { pa in
          withUnsafeMutablePointer(to: &b) { pb in
            let slots = Slots(a: pa, b: pb, first: first, second: second)
            DispatchQueue.concurrentPerform(iterations: 2) { i in
              if i == 0 { slots.a.pointee = slots.first() } else { slots.b.pointee = slots.second() }
            }
          }
        }
      }
    }
    return (a!, b!)  // Safe: concurrentPerform ran both iterations before returning.
  }

  /// What the two iterations share; each touches only its own slot.
  private struct Slots<A, B>: @unchecked Sendable {
    let a: UnsafeMutablePointer<A?>
    let b: UnsafeMutablePointer<B?>
    let first: () -> A
    let second: () -> B
  }
}
