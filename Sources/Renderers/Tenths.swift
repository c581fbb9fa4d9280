/// `%.1f` without `printf`: a non-negative number rounded to tenths exactly as C's printf
/// rounds it — from the double's exact binary value, an exact half to even. The
/// delivery-domain table prints two delays a row, and `vsnprintf` through a `CVarArg` list
/// cost many times more (BENCHMARKS.md).
enum Tenths {
  /// The value in tenths (`12.25` → 122, `0.75` → 8), or nil for what this does not handle
  /// (negative, not finite, or too large for the arithmetic to be exact): callers fall back
  /// to printf.
  static func rounded(_ x: Double) -> Int64? {
    guard x.isFinite, x >= 0, x < 1e14 else { return nil }
    // k = ⌊10x⌋, made exact with fused multiply-adds: 10x - k is computed with one
    // rounding, which never changes its sign.
    var k = (x * 10).rounded(.down)
    if (-k).addingProduct(x, 10) < 0 {
      k -= 1
    } else if (-(k + 1)).addingProduct(x, 10) >= 0 {
      k += 1
    }
    // Up when 10x is past k + ½; on an exact half (0.25, 0.75 …), to the even tenth.
    let past = (-(k + 0.5)).addingProduct(x, 10)
    var tenths = Int64(k)
    if past > 0 || (past == 0 && tenths % 2 == 1) { tenths += 1 }
    return tenths
  }

  /// Appends `%W.1f` of `tenths` (right-aligned in `width` columns).
  static func append(_ tenths: Int64, width: Int, to bytes: inout [UInt8]) {
    TextBuffer.appendPadded(tenths / 10, width: width - 2, to: &bytes)
    bytes.append(0x2E)  // "."
    bytes.append(UInt8(tenths % 10) + 0x30)
  }
}
