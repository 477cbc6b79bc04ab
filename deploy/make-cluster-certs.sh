#!/usr/bin/env bash
# Makes a cluster CA and one certificate issued by it, in the layout of a Kubernetes TLS secret (tls.crt, tls.key,
# ca.crt), for Orleans' mutual TLS (Frac__Tls__*, docs/security.md). For a test cluster or a first deployment; a
# hospital's own PKI or cert-manager replaces it in production. Usage: deploy/make-cluster-certs.sh DIR [DAYS]
# Then, on Kubernetes:
#   kubectl -n fraccluster create secret generic fraccluster-tls --from-file=DIR/tls.crt --from-file=DIR/tls.key --from-file=DIR/ca.crt
set -euo pipefail
dir=${1:?usage: $0 DIR [DAYS]}
days=${2:-365}
mkdir -p "$dir"
cd "$dir"
umask 077
openssl ecparam -name prime256v1 -genkey -noout -out ca.key
openssl req -x509 -new -key ca.key -sha256 -days "$days" -subj "/CN=FracCluster cluster CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt
openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out tls.key
openssl req -new -key tls.key -subj "/CN=fraccluster-silo" -out tls.csr
# Silos are TLS servers and clients at once; names are not checked (members are known by the CA that issued them).
printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyAgreement" \
  "extendedKeyUsage=serverAuth,clientAuth" "subjectAltName=DNS:fraccluster-silo,DNS:localhost" > tls.ext
openssl x509 -req -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days "$days" -sha256 -extfile tls.ext -out tls.crt
rm -f tls.csr tls.ext ca.srl
chmod 0444 ca.crt tls.crt
chmod 0400 tls.key ca.key
echo "made $dir/ca.crt, $dir/tls.crt, $dir/tls.key (keep $dir/ca.key offline: it issues new members)"
