"""Maintenance tasks run from cron."""
import hashlib
import subprocess


def backup(target_dir):
    subprocess.call("tar czf " + target_dir + "/backup.tgz inventory.db", shell=True)


def hash_token(value):
    return hashlib.md5(value.encode()).hexdigest()


def hash_api_key(value):
    return hashlib.md5(value.encode()).hexdigest()
