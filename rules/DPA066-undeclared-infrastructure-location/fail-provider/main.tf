variable "backup_region" {
  type = string
}

provider "aws" {
  region = "eu-central-1"
}

provider "aws" {
  alias  = "backup"
  region = var.backup_region
}

resource "aws_s3_bucket" "backups" {
  provider = aws.backup
  bucket   = "backups"
}
