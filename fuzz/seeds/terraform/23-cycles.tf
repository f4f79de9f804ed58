resource "aws_s3_bucket" "x" {
  region = "${var.a}-${local.b}"
  provider = aws.us
  dynamic "x" { for_each = [] content { region = "y" } }
}
locals { b = local.b }
