variable "region" {
  type = string
}

resource "aws_s3_bucket" "replica" {
  bucket = "replica"
  region = var.region
}
