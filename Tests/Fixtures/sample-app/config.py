"""Service configuration. Every credential below is a fake test value (AWS's documented example pair, a made-up GitHub token)."""
DB_PATH = "inventory.db"
PAYMENTS_URL = "https://payments.internal.example/charge"

AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

GITHUB_TOKEN = "ghp_FAKE0123456789abcdefghijklmnopqrstuv"
ADMIN_PASSWORD = "hunter2-admin-password"
