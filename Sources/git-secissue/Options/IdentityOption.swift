import Foundation
import SecIssueKit

/// `--identity FILE`, anywhere on the command line, for every command: the age identity file or
/// SSH private key that opens confidential findings. Taken out before ArgumentParser sees the
/// arguments and handed on as `SECISSUE_IDENTITY`, which the core reads (`Keyring`).
enum IdentityOption {
    static func split(_ arguments: [String]) throws -> [String] {
        let (value, rest) = try EarlyOption.take("--identity", from: arguments, missing: "--identity needs a file: an age identity file or an SSH private key")
        if let value { setenv(Keyring.variable, value, 1) }
        return rest
    }
}
