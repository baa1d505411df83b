# netplay's default inventory: one client with one interface and the default dynamic port range.
node "node-1" {
  network {
    device = "eth0"
    cidr   = "10.0.0.10/32"
    mbits  = 1000
  }
}
