import Crypto
import Foundation

/// The secret that chains the audit log, kept outside the database (a key file or an environment
/// variable), so that someone who can edit the database cannot forge a consistent chain.
///
/// One 32-byte secret yields, through HKDF, the HMAC key for the chain and the Ed25519 key that signs
/// checkpoints; the checkpoint public key can be handed to an outside verifier.
public struct AuditKey: Sendable {
    let macKey: SymmetricKey
    let signingKey: Curve25519.Signing.PrivateKey

    /// Derives the keys from a 32-byte secret.
    public init(secret: [UInt8]) throws {
        guard secret.count >= 32 else { throw AuditError.badKey("the audit key must have at least 32 bytes") }
        let material = SymmetricKey(data: secret)
        macKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: material, info: Array("yanjian-audit-chain".utf8), outputByteCount: 32)
        let seed = HKDF<SHA256>.deriveKey(inputKeyMaterial: material, info: Array("yanjian-audit-sign".utf8), outputByteCount: 32)
        signingKey = try seed.withUnsafeBytes { try Curve25519.Signing.PrivateKey(rawRepresentation: Array($0)) }
    }

    /// The checkpoint verification key, base64.
    public var publicKey: String { signingKey.publicKey.rawRepresentation.base64EncodedString() }

    /// Reads the key from `YANJIAN_AUDIT_KEY` (base64 or hex), else from a key file, creating the file
    /// with a fresh random key (mode 0600) when `create` is set and it does not exist.
    public static func load(environment: [String: String], file: String, create: Bool) throws -> AuditKey {
        if let text = environment["YANJIAN_AUDIT_KEY"], !text.isEmpty {
            guard let bytes = decode(text) else { throw AuditError.badKey("YANJIAN_AUDIT_KEY is neither base64 nor hex") }
            return try AuditKey(secret: bytes)
        }
        let manager = FileManager.default
        if !manager.fileExists(atPath: file) {
            guard create else { throw AuditError.badKey("no audit key at \(file) and YANJIAN_AUDIT_KEY is not set") }
            var generator = SystemRandomNumberGenerator()
            let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
            try? manager.createDirectory(at: directory, withIntermediateDirectories: true)
            guard manager.createFile(atPath: file, contents: Data((Data(secret).base64EncodedString() + "\n").utf8),
                                     attributes: [.posixPermissions: 0o600])
            else { throw AuditError.badKey("cannot write the audit key file \(file)") }
            return try AuditKey(secret: secret)
        }
        guard let data = manager.contents(atPath: file),
              let bytes = decode(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw AuditError.badKey("cannot read the audit key file \(file)") }
        return try AuditKey(secret: bytes)
    }

    static func decode(_ text: String) -> [UInt8]? {
        if text.count == 64, text.allSatisfy(\.isHexDigit) {
            var bytes: [UInt8] = []
            var index = text.startIndex
            while index < text.endIndex {
                let next = text.index(index, offsetBy: 2)
                guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
                bytes.append(byte)
                index = next
            }
            return bytes
        }
        return Data(base64Encoded: text).map { [UInt8]($0) }
    }

    func mac(_ message: [UInt8]) -> String {
        Tokens.hex(Array(HMAC<SHA256>.authenticationCode(for: message, using: macKey)))
    }

    func sign(_ message: [UInt8]) throws -> String {
        try signingKey.signature(for: message).base64EncodedString()
    }

    static func verifySignature(_ signature: String, message: [UInt8], publicKey: String) -> Bool {
        guard let signatureData = Data(base64Encoded: signature), let keyData = Data(base64Encoded: publicKey),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData)
        else { return false }
        return key.isValidSignature(signatureData, for: message)
    }
}

/// Audit failures.
public enum AuditError: Error, Equatable, CustomStringConvertible {
    case badKey(String)
    case appendFailed(String)

    public var description: String {
        switch self {
        case .badKey(let reason): "audit key: \(reason)"
        case .appendFailed(let reason): "audit append failed: \(reason)"
        }
    }
}
