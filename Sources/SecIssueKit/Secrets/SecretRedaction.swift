/// Text that is about to be kept (a configuration file's recorded copy, its diff), with every
/// secret the secret rules find replaced by the redaction marker, as imports redact findings.
public enum SecretRedaction {
    public static func redact(_ text: String) -> String { Redaction.redact(text, secrets: []) }
}
