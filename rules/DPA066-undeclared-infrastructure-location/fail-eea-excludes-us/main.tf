provider "aws" {
  region = "eu-central-1"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

resource "aws_s3_bucket" "exports" {
  bucket = "exports"
  region = "us-east-1"
}
