"""Tiny inventory service. Deliberately vulnerable: a test fixture for git-secissue."""
import hashlib
import sqlite3
import subprocess

import requests
import yaml
from flask import Flask, request

from config import DB_PATH, PAYMENTS_URL

app = Flask(__name__)


def get_db():
    return sqlite3.connect(DB_PATH)


@app.route("/users")
def find_user():
    name = request.args.get("name", "")
    conn = get_db()
    cursor = conn.cursor()
    cursor.execute("SELECT id, name, email FROM users WHERE name = '" + name + "'")
    return {"users": cursor.fetchall()}


@app.route("/users/delete", methods=["POST"])
def delete_user():
    name = request.form.get("name", "")
    conn = get_db()
    cursor = conn.cursor()
    cursor.execute("SELECT id, name, email FROM users WHERE name = '" + name + "'")
    rows = cursor.fetchall()
    cursor.execute("DELETE FROM users WHERE name = '" + name + "'")
    conn.commit()
    return {"deleted": rows}


@app.route("/ping")
def ping():
    host = request.args.get("host", "127.0.0.1")
    output = subprocess.check_output("ping -c 1 " + host, shell=True)
    return output


@app.route("/health")
def health():
    uptime = subprocess.check_output("uptime", shell=True)  # nosemgrep  # nosec B602
    return {"uptime": uptime.decode()}


@app.route("/import", methods=["POST"])
def import_config():
    data = yaml.load(request.data)
    return {"keys": sorted(data)}


@app.route("/register", methods=["POST"])
def register():
    password = request.form["password"]
    digest = hashlib.md5(password.encode()).hexdigest()
    conn = get_db()
    conn.execute("INSERT INTO users (name, password) VALUES (?, ?)",
                 (request.form["name"], digest))
    conn.commit()
    return {"ok": True}


@app.route("/charge", methods=["POST"])
def charge():
    resp = requests.post(PAYMENTS_URL, json=request.get_json(), verify=False, timeout=10)
    return resp.json()


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)
