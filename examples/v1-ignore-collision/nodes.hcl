node "node-1" {
  network {
    device = "eth0"
    cidr   = "10.0.0.10/24"
  }
  alloc "old-resolver" {
    job = "dns-old"
    port "dns" {
      static  = 53
      host_ip = "10.0.0.10"
    }
  }
}
