node "small" {
  network {
    device = "eth0"
    cidr   = "10.0.0.20/32"
    mbits  = 100
  }
}
