#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads and decompresses the next chunk on a second thread while the caller's body processes the current one.
///
/// Classic bounded double buffering: `slotCount` buffers go round a ring. The producer thread fills a free slot and
/// marks it full; the consumer takes the oldest full slot and hands it back when it asks for the next one. One mutex
/// guards the counts and two condition variables wake whichever side waits. The producer stops after a terminal
/// result, or as soon as ``finish()`` sets `cancelled` (the consumer stopped early: end of its byte range, or its body
/// threw); `finish()` then joins the thread, so no buffer is freed while the producer might still write to it.
///
/// A dedicated thread rather than a Dispatch or Swift-concurrency task: the producer blocks in `read` and on the
/// condition variable, and blocking a shared pool's threads could starve the very consumers it waits for.
final class PrefetchingChunkFeed: ChunkFeed, @unchecked Sendable {
  // @unchecked Sendable: every mutable field below is either guarded by `mutex` (marked), owned by the producer
  // thread while it runs (`producer`, and the slot buffer it is filling), or owned by the consumer (the rest).

  private let producer: any ChunkProducer
  private let buffers: [UnsafeMutableRawBufferPointer]
  private var results: [ChunkResult]  // guarded
  private var filledCount = 0  // guarded
  private var cancelled = false  // guarded
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>
  private let slotFilled: UnsafeMutablePointer<pthread_cond_t>
  private let slotFreed: UnsafeMutablePointer<pthread_cond_t>

  private var thread: pthread_t?
  private var consumerSlot = 0
  private var consumerHoldsSlot = false

  static let slotCount = 2

  /// Starts the producer thread; nil if the system refuses a thread, in which case the caller reads directly.
  static func start(producer: any ChunkProducer, chunkSize: Int) -> PrefetchingChunkFeed? {
    let feed = PrefetchingChunkFeed(producer: producer, chunkSize: chunkSize)
    return feed.startThread() ? feed : nil
  }

  private init(producer: any ChunkProducer, chunkSize: Int) {
    self.producer = producer
    buffers = (0..<Self.slotCount).map { _ in .allocate(byteCount: chunkSize, alignment: 64) }
    results = Array(repeating: .end, count: Self.slotCount)
    mutex = .allocate(capacity: 1)
    slotFilled = .allocate(capacity: 1)
    slotFreed = .allocate(capacity: 1)
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(slotFilled, nil)
    pthread_cond_init(slotFreed, nil)
  }

  deinit {
    finish()
    pthread_cond_destroy(slotFreed)
    pthread_cond_destroy(slotFilled)
    pthread_mutex_destroy(mutex)
    slotFreed.deallocate()
    slotFilled.deallocate()
    mutex.deallocate()
    for buffer in buffers {
      buffer.deallocate()
    }
  }

  private func startThread() -> Bool {
    // Unretained: the consumer owns the feed and always joins the thread (in finish(), at the latest in deinit)
    // before the feed goes away, so the thread never outlives it.
    let context = Unmanaged.passUnretained(self).toOpaque()
    #if canImport(Darwin)
      var created: pthread_t?
      let status = pthread_create(&created, nil, { context in
        Unmanaged<PrefetchingChunkFeed>.fromOpaque(context).takeUnretainedValue().produceUntilDone()
        return nil
      }, context)
    #else
      var created = pthread_t()
      let status = pthread_create(&created, nil, { context in
        // Safe: pthread_create passes back the non-nil context given below.
        Unmanaged<PrefetchingChunkFeed>.fromOpaque(context!).takeUnretainedValue().produceUntilDone()
        return nil
      }, context)
    #endif
    guard status == 0 else { return false }
    thread = created
    return true
  }

  /// The producer thread's loop.
  private func produceUntilDone() {
    var slot = 0
    while true {
      pthread_mutex_lock(mutex)
      while filledCount == buffers.count && !cancelled {
        pthread_cond_wait(slotFreed, mutex)
      }
      let stop = cancelled
      pthread_mutex_unlock(mutex)
      if stop { return }

      // Outside the lock: this is the slow part (read + inflate) that overlaps the consumer's work.
      let result = producer.produce(into: buffers[slot])

      pthread_mutex_lock(mutex)
      results[slot] = result
      filledCount += 1
      pthread_cond_signal(slotFilled)
      pthread_mutex_unlock(mutex)

      guard case .bytes = result else { return }
      slot = (slot + 1) % buffers.count
    }
  }

  func next() -> FeedChunk {
    if consumerHoldsSlot {
      pthread_mutex_lock(mutex)
      filledCount -= 1
      pthread_cond_signal(slotFreed)
      pthread_mutex_unlock(mutex)
      consumerSlot = (consumerSlot + 1) % buffers.count
      consumerHoldsSlot = false
    }
    pthread_mutex_lock(mutex)
    while filledCount == 0 {
      pthread_cond_wait(slotFilled, mutex)
    }
    let result = results[consumerSlot]
    pthread_mutex_unlock(mutex)
    consumerHoldsSlot = true
    switch result {
    case .bytes(let count): return .bytes(UnsafeRawBufferPointer(rebasing: buffers[consumerSlot][..<count]))
    case .end: return .end
    case .damaged(let damage): return .damaged(damage)
    }
  }

  func finish() {
    guard let thread else { return }
    pthread_mutex_lock(mutex)
    cancelled = true
    pthread_cond_signal(slotFreed)
    pthread_mutex_unlock(mutex)
    pthread_join(thread, nil)
    self.thread = nil
  }

  /// Only meaningful after `finish()`: until then the producer thread may be updating it.
  var compressedBytes: Int64 { producer.compressedBytes }
}
