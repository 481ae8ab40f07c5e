import ArgumentParser
import Foundation
import YanjianCore
import YanjianStore

/// `yanjian user add|list|passwd|disable|enable|apikey`.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage users, their roles and jurisdictions.",
        discussion: """
        Roles: admin, analyst, investigator (稽查员), liaison (another department), auditor, partner (API client).
        Departments: tobacco 烟草专卖, police 公安, market_regulation 市场监管, tax 税务, transport 交通运输, postal 邮政管理.
        A jurisdiction is an adcode or prefix (3707 or 370700 = 潍坊市; * = national).

        Examples:
          yanjian user add wang.li --role investigator --department tobacco --jurisdiction 370702 --name 王丽
          yanjian user add admin --role admin --department tobacco --jurisdiction '*' --totp
          echo 'a long passphrase' | yanjian user passwd wang.li --password-stdin
          yanjian user disable wang.li
          yanjian user unit wang.li U0007        # wang.li serves in unit U0007 (its dispatches on her phone)
        """,
        subcommands: [Add.self, List.self, Passwd.self, Disable.self, Enable.self, APIKey.self, Unit.self]
    )

    static func readPassword(stdin: Bool, prompt: String) throws -> String {
        if stdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw CLIError("no password on standard input") }
            return line
        }
        guard let pointer = getpass(prompt) else { throw CLIError("cannot read a password from the terminal; use --password-stdin") }
        return String(cString: pointer)
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user; the password is asked for (or read from stdin).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Login name: 3–64 letters, digits, '.', '_' or '-'.") var username: String
        @Option(help: "Display name (e.g. 王丽).") var name: String?
        @Option(help: "Role.") var role: String
        @Option(help: "Department.") var department: String
        @Option(help: "Jurisdiction adcode prefix, or * for national.") var jurisdiction: String
        @Flag(help: "Read the password from standard input.") var passwordStdin = false
        @Flag(help: "Require a TOTP second factor; prints the otpauth:// URI once.") var totp = false

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("unknown role \(role); one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard Department(code: department) != nil else {
                throw ValidationError("unknown department \(department); one of \(Department.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            do { _ = try Jurisdiction(validating: jurisdiction) } catch {
                throw ValidationError("jurisdiction must be an adcode or prefix of 2, 4 or 6 digits, or *")
            }
        }

        func run() async throws {
            let password = try UserCommand.readPassword(stdin: passwordStdin, prompt: "password for \(username): ")
            try await database.withStore { store in
                let secret = totp ? TOTP.makeSecret() : nil
                let user = try await store.createUser(
                    username: username, displayName: name ?? username, password: password,
                    role: Role(rawValue: role) ?? .analyst, department: Department(code: department) ?? .tobacco,
                    jurisdiction: try Jurisdiction(validating: jurisdiction), totpSecret: secret)
                try await database.auditLog(store).append(actor: "cli", action: "user.create", target: "user/\(user.id)",
                                                          details: ["role": role, "jurisdiction": jurisdiction])
                print("created \(user.username) (\(user.role.rawValue), \(user.department.code), \(user.jurisdiction))")
                if let secret { print("TOTP: add to an authenticator app: \(TOTP.provisioningURI(secret: secret, account: username))") }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.withStore { store in
                let users = try await store.listUsers()
                print("username".padding(toLength: 20, withPad: " ", startingAt: 0) + "role          department  jurisdiction  2FA  status")
                for user in users {
                    print(user.username.padding(toLength: 20, withPad: " ", startingAt: 0)
                          + user.role.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
                          + user.department.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                          + user.jurisdiction.description.padding(toLength: 14, withPad: " ", startingAt: 0)
                          + (user.hasTOTP ? "yes  " : "no   ") + (user.disabled ? "disabled" : "active"))
                }
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a new password (ends the user's sessions, clears a lockout).")
        @OptionGroup var database: DatabaseOptions
        @Argument var username: String
        @Flag(help: "Read the password from standard input.") var passwordStdin = false

        func run() async throws {
            let password = try UserCommand.readPassword(stdin: passwordStdin, prompt: "new password for \(username): ")
            try await database.withStore { store in
                try await store.setPassword(username: username, password: password)
                try await database.auditLog(store).append(actor: "cli", action: "user.password_reset", target: "user/\(username)")
                print("password changed for \(username)")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user: sessions and API keys end at once.")
        @OptionGroup var database: DatabaseOptions
        @Argument var username: String

        func run() async throws {
            try await database.withStore { store in
                try await store.setDisabled(username: username, true)
                try await database.auditLog(store).append(actor: "cli", action: "user.disable", target: "user/\(username)")
                print("disabled \(username)")
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-enable a disabled user.")
        @OptionGroup var database: DatabaseOptions
        @Argument var username: String

        func run() async throws {
            try await database.withStore { store in
                try await store.setDisabled(username: username, false)
                try await database.auditLog(store).append(actor: "cli", action: "user.enable", target: "user/\(username)")
                print("enabled \(username)")
            }
        }
    }

    struct APIKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "apikey", abstract: "Issue an API key for a partner user (shown once).")
        @OptionGroup var database: DatabaseOptions
        @Argument var username: String
        @Option(help: "What the key is for.") var label = "api"

        func run() async throws {
            try await database.withStore { store in
                let key = try await store.createAPIKey(username: username, label: label)
                try await database.auditLog(store).append(actor: "cli", action: "apikey.create", target: "user/\(username)")
                print(key)
            }
        }
    }

    struct Unit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unit", abstract: "Put a user in an enforcement unit, so the unit's dispatches show on the field page (#/field).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The user.") var username: String
        @Argument(help: "The unit id (units.csv).") var unitID: String

        func run() async throws {
            try await database.withStore { store in
                try await store.addUnitMember(unitID: unitID, username: username)
                try await database.auditLog(store).append(actor: "cli", action: "unit.member", target: "unit/\(unitID)", details: ["user": username])
                print("\(username) serves in \(unitID)")
            }
        }
    }
}
