#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Small vector kernels for the models' inner loops (eight lanes at a time).
enum VectorMath {
    /// The smallest lane and the lowest lane holding it (8 when every lane is NaN). The standard
    /// library's `SIMD.min()` is a generic lane loop the optimiser does not inline.
    @inline(__always)
    static func argmin(_ v: SIMD8<Float>) -> (value: Float, lane: Int) {
        #if arch(x86_64)
        let halves = _mm_min_ps(v.lowHalf, v.highHalf)
        let pairs = _mm_min_ps(halves, _mm_movehl_ps(halves, halves))
        let value = pairs.x < pairs.y ? pairs.x : pairs.y
        let splat = SIMD4<Float>(repeating: value)
        let bits = _mm_movemask_ps(_mm_cmpeq_ps(v.lowHalf, splat)) | (_mm_movemask_ps(_mm_cmpeq_ps(v.highHalf, splat)) << 4)
        return (value, bits == 0 ? 8 : bits.trailingZeroBitCount)
        #else
        var value = Float.infinity
        var lane = 8
        for index in 0..<8 where v[index] < value {
            value = v[index]
            lane = index
        }
        return (value, lane)
        #endif
    }

    /// Lane-wise square root. The standard library's `SIMD8.squareRoot()` is a loop of scalar roots
    /// (each with a branch for negative inputs); SSE has one instruction for four lanes.
    @inline(__always)
    static func squareRoot(_ v: SIMD8<Float>) -> SIMD8<Float> {
        #if arch(x86_64)
        return SIMD8(lowHalf: _mm_sqrt_ps(v.lowHalf), highHalf: _mm_sqrt_ps(v.highHalf))
        #else
        return v.squareRoot()
        #endif
    }

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
