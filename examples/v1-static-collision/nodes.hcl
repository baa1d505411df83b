node "node-1" {
  network {
    device = "eth0"
    cidr   = "10.0.0.10/24"
  }
  alloc "legacy-proxy" {
    job = "legacy"
    port "http" {
      static  = 8080
      host_ip = "10.0.0.10"
    }
  }
}

node "node-2" {
  network {
    device = "eth0"
    cidr   = "10.0.0.11/24"
  }
}
