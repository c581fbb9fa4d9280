/// Remembers what a pure function of a byte string returned, for byte strings that recur (a
/// client's `host[ip]` on every connection and message it sends, a recipient's address on
/// every retry). A lookup is one cheap hash of the bytes; the function runs once per distinct
/// input until the memo holds `capacity` inputs, when it starts over empty — so memory stays
/// bounded whatever the input, and results never depend on what was remembered.
struct BytesMemo<Value> {
  private var keys: SymbolTable
  private var values: [Value] = []
  let capacity: Int

  init(capacity: Int) {
    self.capacity = capacity
    keys = SymbolTable(capacity: 0)
  }

  /// `compute(key)`, from the memo when `key` was seen before.
  @inline(__always)
  mutating func value(_ key: UnsafeBufferPointer<UInt8>, _ compute: (UnsafeBufferPointer<UInt8>) -> Value) -> Value {
    if let v = cached(key) { return v }
    let v = compute(key)
    store(v)
    return v
  }

  /// What was remembered for `key`; nil when it is new — then `store` its value before the
  /// next lookup (for a computation that needs what owns the memo).
  @inline(__always)
  mutating func cached(_ key: UnsafeBufferPointer<UInt8>) -> Value? {
    if values.count >= capacity {
      keys = SymbolTable(capacity: 0)
      values.removeAll(keepingCapacity: true)
    }
    let id = Int(keys.intern(key))
    return id < values.count ? values[id] : nil
  }

  /// The value of the key `cached` just found new.
  @inline(__always)
  mutating func store(_ v: Value) {
    precondition(values.count + 1 == keys.count, "store follows a cached(_:) that returned nil")
    values.append(v)
  }
}
