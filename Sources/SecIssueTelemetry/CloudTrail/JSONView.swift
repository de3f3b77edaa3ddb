import Foundation
import SecIssueKit

/// A decoded JSON value read without a cast at each step: `event["requestParameters"]["groupId"].string`
/// is nil when a step is missing or of another type.
struct JSONView {
    let value: Any?

    init(_ value: Any?) {
        self.value = value is NSNull ? nil : value
    }

    subscript(key: String) -> JSONView { JSONView((value as? [String: Any])?[key]) }

    /// A non-empty string.
    var string: String? {
        guard let text = value as? String, !text.isEmpty else { return nil }
        return text
    }

    var int: Int? {
        if let number = value as? Int { return number }
        if let number = value as? NSNumber { return number.intValue }
        return (value as? String).flatMap { Int($0) }
    }

    var bool: Bool? {
        if let flag = value as? Bool { return flag }
        switch (value as? String)?.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// The elements of an array, or of EC2's `{"items": [...]}` wrapper.
    var items: [JSONView] {
        if let array = value as? [Any] { return array.map(JSONView.init) }
        if let array = (value as? [String: Any])?["items"] as? [Any] { return array.map(JSONView.init) }
        return []
    }

    /// `items`, or this value alone when it is a single object (XML-shaped S3 parameters).
    var list: [JSONView] {
        value is [String: Any] && self["items"].value == nil ? [self] : items
    }

    /// Every string anywhere inside this value.
    var strings: [String] {
        switch value {
        case let text as String: return [text]
        case let array as [Any]: return array.flatMap { JSONView($0).strings }
        case let object as [String: Any]: return object.values.flatMap { JSONView($0).strings }
        default: return []
        }
    }
}
