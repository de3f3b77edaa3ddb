provider "aws" {
  region = "eu-west-1"
}

resource "aws_security_group" "app" {
  name        = "inventory-app"
  description = "Inventory app security group"

  ingress {
    description = "SSH from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_s3_bucket" "backups" {
  #checkov:skip=CKV_AWS_144:Backups are kept in one region on purpose
  bucket = "inventory-app-backups"
}
