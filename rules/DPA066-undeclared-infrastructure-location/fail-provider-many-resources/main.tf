provider "aws" {
  region = "eu-central-1"
}

provider "aws" {
  alias  = "paris"
  region = "eu-west-3"
}

provider "aws" {
  alias  = "stockholm"
  region = "eu-north-1"
}

resource "aws_s3_bucket" "exports" {
  provider = aws.paris
  bucket   = "exports"
}

resource "aws_s3_bucket" "imports" {
  provider = aws.paris
  bucket   = "imports"
}

resource "aws_s3_bucket" "reports" {
  provider = aws.paris
  bucket   = "reports"
}

resource "aws_s3_bucket" "logs" {
  provider = aws.stockholm
  bucket   = "logs"
}

resource "aws_s3_bucket" "metrics" {
  provider = aws.stockholm
  bucket   = "metrics"
}

resource "aws_s3_bucket" "traces" {
  provider = aws.stockholm
  bucket   = "traces"
}

resource "aws_s3_bucket" "audit" {
  provider = aws.stockholm
  bucket   = "audit"
}
