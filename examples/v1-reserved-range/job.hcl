job "batch" {
  datacenters = ["dc1"]

  group "workers" {
    network {
      port "a" {}
      port "b" {}
      port "c" {}
    }

    task "worker" {
      driver = "exec"

      config {
        command = "/usr/bin/worker"
      }
    }
  }
}
