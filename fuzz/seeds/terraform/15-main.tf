variable "region" {
  type    = string
  default = "eu-central-1"
}

locals {
  region = var.region
}

provider "aws" {
  region = local.region
}

resource "aws_s3_bucket" "uploads" {
  bucket = "uploads"
}
