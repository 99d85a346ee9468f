#!/bin/sh
# Creates a real PKCS#12 file for the C consumer: self-signed, SAN mail.contoso.com, with a key.
set -eu
out=$1
password=$2
dir=$(dirname "$out")
mkdir -p "$dir"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=mail.contoso.com" \
  -addext "subjectAltName=DNS:mail.contoso.com,DNS:autodiscover.contoso.com" \
  -keyout "$dir/c_consumer.key" -out "$dir/c_consumer.crt" 2>/dev/null
openssl pkcs12 -export -inkey "$dir/c_consumer.key" -in "$dir/c_consumer.crt" \
  -passout "pass:$password" -out "$out"
rm -f "$dir/c_consumer.key"
