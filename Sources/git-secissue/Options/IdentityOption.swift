import Foundation
import SecIssueKit

/// `--identity FILE`, anywhere on the command line, for every command: the age identity file or
/// SSH private key that opens confidential findings. Taken out before ArgumentParser sees the
/// arguments and handed on as `SECISSUE_IDENTITY`, which the core reads (`Keyring`).
enum IdentityOption {
    static func split(_ arguments: [String]) throws -> [String] {
        var rest: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" {
                rest += arguments[index...]
                break
            }
            if argument == "--identity" || argument.hasPrefix("--identity=") {
                let value: String
                if argument == "--identity" {
                    guard index + 1 < arguments.endIndex else { throw SecIssueError.usage("--identity needs a file: an age identity file or an SSH private key") }
                    value = arguments[index + 1]
                    index += 2
                } else {
                    value = String(argument.dropFirst("--identity=".count))
                    index += 1
                }
                setenv(Keyring.variable, value, 1)
                continue
            }
            rest.append(argument)
            index += 1
        }
        return rest
    }
}
