/// Small vector kernels for the models' inner loops (eight lanes at a time).
enum VectorMath {
    /// Squared Euclidean distance of two `d`-long vectors.
    @inline(__always)
    static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ d: Int) -> Float {
        var lanes = SIMD8<Float>()
        var more = SIMD8<Float>()
        var k = 0
        while k + 16 <= d {
            let x = UnsafeRawPointer(a + k).loadUnaligned(as: SIMD8<Float>.self)
            let y = UnsafeRawPointer(b + k).loadUnaligned(as: SIMD8<Float>.self)
            let x2 = UnsafeRawPointer(a + k + 8).loadUnaligned(as: SIMD8<Float>.self)
            let y2 = UnsafeRawPointer(b + k + 8).loadUnaligned(as: SIMD8<Float>.self)
            let difference = x - y
            let difference2 = x2 - y2
            lanes += difference * difference
            more += difference2 * difference2
            k += 16
        }
        while k + 8 <= d {
            let x = UnsafeRawPointer(a + k).loadUnaligned(as: SIMD8<Float>.self)
            let y = UnsafeRawPointer(b + k).loadUnaligned(as: SIMD8<Float>.self)
            let difference = x - y
            lanes += difference * difference
            k += 8
        }
        var sum = (lanes + more).sum()
        while k < d {
            let difference = a[k] - b[k]
            sum += difference * difference
            k += 1
        }
        return sum
    }
}
