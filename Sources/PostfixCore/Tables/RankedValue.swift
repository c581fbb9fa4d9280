/// One row of a user table while it is sorted: the value shown, the address's position in
/// host order (the tie-break), and where the address is in the table's columns.
struct RankedValue {
  var value: Int64
  var position: Int32
  var index: Int32
}
