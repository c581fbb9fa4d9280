/// Lets the process exit without tearing down the report and the parsed summary.
///
/// A busy week's report holds hundreds of thousands of address strings, and its summary as many
/// table entries; releasing them one by one took measurable time at the very end of the run
/// (BENCHMARKS.md), after the output was written, while `exit` hands the whole address space back at
/// once. Only `main` asks for this: tests call `run` many times in one process.
enum ExitTeardown {
  /// Keeps `values` alive until the process exits.
  static func skip(_ values: Any...) {
    _ = Unmanaged.passRetained(Kept(values))
  }

  private final class Kept {
    let values: [Any]
    init(_ values: [Any]) { self.values = values }
  }
}
