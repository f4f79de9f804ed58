variable "name" {
  type = string
}

variable "region" {
  type = string
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
  region = var.region
}
