provider "aws" {
  region = "eu-west-1" # dpalint: ignore[DPA066] reason="x"
}
