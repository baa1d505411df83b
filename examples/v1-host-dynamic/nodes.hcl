node "node-1" {
  network {
    device = "eth0"
    cidr   = "10.0.0.10/24"
  }
}
