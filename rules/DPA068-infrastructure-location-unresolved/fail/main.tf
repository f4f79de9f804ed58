variable "region" {
  type = string
}

provider "aws" {
  region = var.region
}

resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}

resource "aws_s3_bucket" "exports" {
  bucket = "exports"
  region = lookup(var.regions, "exports")
}
