/// The bytes the log readers and detectors look for, by name (as `YAMLSubset` names its own), so
/// that `text[index] == ASCII.semicolon` says what it tests. The values are literals, so each
/// compiles to a constant in the detectors' loops and switches.
enum ASCII {
    static let tab: UInt8 = 0x09  // tab
    static let newline: UInt8 = 0x0A  // line feed
    static let carriageReturn: UInt8 = 0x0D  // carriage return
    static let space: UInt8 = 0x20  // space
    static let exclamation: UInt8 = 0x21  // !
    static let quote: UInt8 = 0x22  // "
    static let hash: UInt8 = 0x23  // #
    static let dollar: UInt8 = 0x24  // $
    static let percent: UInt8 = 0x25  // %
    static let ampersand: UInt8 = 0x26  // &
    static let apostrophe: UInt8 = 0x27  // '
    static let openParen: UInt8 = 0x28  // (
    static let closeParen: UInt8 = 0x29  // )
    static let asterisk: UInt8 = 0x2A  // *
    static let plus: UInt8 = 0x2B  // +
    static let comma: UInt8 = 0x2C  // ,
    static let minus: UInt8 = 0x2D  // -
    static let dot: UInt8 = 0x2E  // .
    static let slash: UInt8 = 0x2F  // /
    static let zero: UInt8 = 0x30  // 0
    static let one: UInt8 = 0x31  // 1
    static let nine: UInt8 = 0x39  // 9
    static let colon: UInt8 = 0x3A  // :
    static let semicolon: UInt8 = 0x3B  // ;
    static let lessThan: UInt8 = 0x3C  // <
    static let equals: UInt8 = 0x3D  // =
    static let greaterThan: UInt8 = 0x3E  // >
    static let question: UInt8 = 0x3F  // ?
    static let at: UInt8 = 0x40  // @
    static let upperA: UInt8 = 0x41  // A
    static let upperF: UInt8 = 0x46  // F
    static let upperJ: UInt8 = 0x4A  // J
    static let upperZ: UInt8 = 0x5A  // Z
    static let openBracket: UInt8 = 0x5B  // [
    static let backslash: UInt8 = 0x5C  // \
    static let closeBracket: UInt8 = 0x5D  // ]
    static let underscore: UInt8 = 0x5F  // _
    static let backtick: UInt8 = 0x60  // `
    static let openBrace: UInt8 = 0x7B  // {
    static let bar: UInt8 = 0x7C  // |
    static let closeBrace: UInt8 = 0x7D  // }
    static let tilde: UInt8 = 0x7E  // ~
    // Lower-case letters, as the detectors compare lower-cased text.
    static let a: UInt8 = 0x61  // a
    static let b: UInt8 = 0x62  // b
    static let c: UInt8 = 0x63  // c
    static let d: UInt8 = 0x64  // d
    static let e: UInt8 = 0x65  // e
    static let f: UInt8 = 0x66  // f
    static let g: UInt8 = 0x67  // g
    static let h: UInt8 = 0x68  // h
    static let i: UInt8 = 0x69  // i
    static let j: UInt8 = 0x6A  // j
    static let l: UInt8 = 0x6C  // l
    static let m: UInt8 = 0x6D  // m
    static let n: UInt8 = 0x6E  // n
    static let o: UInt8 = 0x6F  // o
    static let p: UInt8 = 0x70  // p
    static let r: UInt8 = 0x72  // r
    static let s: UInt8 = 0x73  // s
    static let t: UInt8 = 0x74  // t
    static let u: UInt8 = 0x75  // u
    static let v: UInt8 = 0x76  // v
    static let w: UInt8 = 0x77  // w
    static let x: UInt8 = 0x78  // x
    static let y: UInt8 = 0x79  // y
    static let z: UInt8 = 0x7A  // z
    /// DEL, the last control character.
    static let delete: UInt8 = 0x7F
    /// The bit that tells an ASCII letter's cases apart: `byte | caseBit` lower-cases a letter.
    static let caseBit: UInt8 = 0x20
}
