// OpenBLAS's CBLAS interface. Debian's libopenblas-dev installs the header under
// /usr/include/x86_64-linux-gnu/openblas-pthread/ and an openblas.pc that points there;
// SwiftPM adds its -I and -L flags through pkg-config (Package.swift: pkgConfig "openblas").
#include <cblas.h>
