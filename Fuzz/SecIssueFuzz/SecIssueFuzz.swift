import Foundation
import SecIssueFuzzEntries

// One executable for every fuzz target (docs/development.md, "Fuzzing"; `make fuzz`).
//
// Built with `-sanitize=fuzzer,address -D FUZZING` (what `make fuzz` passes) it is a libFuzzer
// binary: libFuzzer supplies `main` and calls `LLVMFuzzerTestOneInput`, and the environment
// variable SECISSUE_FUZZ_TARGET names the target. Built without those flags (the ordinary
// `swift build`) it is a small driver that replays files, or mutates a seed corpus for a while.

/// The target SECISSUE_FUZZ_TARGET names; exits with a sentence when it names none.
func selectedTarget() -> FuzzTarget {
    let name = ProcessInfo.processInfo.environment["SECISSUE_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("SecIssueFuzz: set SECISSUE_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    return target
}

#if FUZZING
let fuzzTarget = selectedTarget()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    fuzzTarget.run(input)
    return 0
}

/// libFuzzer's own entry (FuzzerDriver.cpp): parses its flags from argv and runs the callback.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable to its module's entry point, so libFuzzer's `main` is not the one
/// that runs: this one hands the command line to libFuzzer's driver.
@main
enum FuzzMain {
    static func main() {
        _ = fuzzTarget
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzTestOneInput(data, size) })
    }
}
#else
@main
enum Driver {
    /// `SecIssueFuzz FILE…` runs each file once; `SecIssueFuzz -seconds N DIR…` mutates the files of
    /// the directories (byte flips, insertions, deletions, splices) for N seconds and prints the count.
    static func main() {
        let target = selectedTarget()
        var arguments = Array(CommandLine.arguments.dropFirst())
        var seconds: Double?
        if arguments.first == "-seconds", arguments.count >= 2 {
            seconds = Double(arguments[1])
            arguments.removeFirst(2)
        }
        var seeds: [[UInt8]] = []
        for path in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
                : [path]
            for file in files {
                if let data = FileManager.default.contents(atPath: file) { seeds.append(Array(data)) }
            }
        }
        for seed in seeds { target.run(seed) }
        guard let seconds else {
            print("\(target.rawValue): \(seeds.count) inputs")
            return
        }
        var generator = SystemRandomNumberGenerator()
        if seeds.isEmpty { seeds = [[]] }
        let start = Date()
        var count = 0
        while Date().timeIntervalSince(start) < seconds {
            for _ in 0..<64 {
                target.run(mutate(seeds.randomElement(using: &generator)!, seeds, &generator))
                count += 1
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        print("\(target.rawValue): \(count) inputs in \(Int(elapsed)) s, \(Int(Double(count) / max(elapsed, 0.001))) inputs/s")
    }

    static func mutate(_ seed: [UInt8], _ seeds: [[UInt8]], _ generator: inout SystemRandomNumberGenerator) -> [UInt8] {
        var bytes = seed
        let interesting: [UInt8] = [0, 0xff, 0x7f, 0x80, 10, 13, 34, 39, 44, 58, 45, 123, 125, 91, 93, 92, 35, 32]
        for _ in 0..<Int.random(in: 1...8, using: &generator) {
            switch Int.random(in: 0..<5, using: &generator) {
            case 0 where !bytes.isEmpty:
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &generator)
            case 1:
                let byte = Bool.random(using: &generator) ? interesting.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
                bytes.insert(byte, at: Int.random(in: 0...bytes.count, using: &generator))
            case 2 where !bytes.isEmpty:
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...16, using: &generator)))
            case 3:
                let other = seeds.randomElement(using: &generator)!
                guard !other.isEmpty else { continue }
                let from = Int.random(in: 0..<other.count, using: &generator)
                let piece = other[from..<min(other.count, from + Int.random(in: 1...256, using: &generator))]
                bytes.insert(contentsOf: piece, at: Int.random(in: 0...bytes.count, using: &generator))
            case 4 where !bytes.isEmpty:
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                bytes.removeSubrange(at...)
            default:
                continue
            }
        }
        return bytes
    }
}
#endif
