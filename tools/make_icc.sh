#!/bin/sh
# Remake the CMYK output profiles in src/deckpress/data/icc/ that PDF/X output embeds.
#
# The characterization data is Debian's icc-profiles-free (FOGRA39L.ti3 from Fogra, TR006.ti3
# from CGATS/GRACoL; Zlib licence, see data/icc/README.md); ArgyllCMS's colprof builds an ICC
# profile from it. Profiles colprof makes are not covered by ArgyllCMS's own licence (GPL
# covers a program's output only if the output is itself the program).
#
# Needs: apt-get install argyll; run from the repository's root: sh tools/make_icc.sh
#   -qm   medium quality (CLUTs of about 200 KB per profile: small enough to ship)
#   -kr   black generation by a ramp (GCR, as press profiles do)
#   -l    total ink limit of the printing condition (300 % FOGRA39, 320 % GRACoL)
set -eu
out="$PWD/src/deckpress/data/icc"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download icc-profiles-free
dpkg -x icc-profiles-free_*.deb pkg
cp pkg/usr/share/color/icc/FOGRA39L.ti3 pkg/usr/share/color/icc/TR006.ti3 .
colprof -qm -kr -l300 -D "Coated FOGRA39 (deckpress, from FOGRA39L data)" \
    -C "Made with ArgyllCMS colprof from FOGRA39L characterization data (Fogra; Zlib licence)" \
    FOGRA39L
colprof -qm -kr -l320 -D "GRACoL 2006 Coated 1 (deckpress, from CGATS TR 006 data)" \
    -C "Made with ArgyllCMS colprof from CGATS TR 006-2007 characterization data" \
    TR006
# colprof writes ICC version 2.2. The profiles use no tag that 2.2 added, so their header says
# 2.1.0 (bytes 8-11): the version every PDF/X reader takes, PDF 1.3 ones included.
for icc in FOGRA39L.icc TR006.icc; do
    printf '\002\020\000\000' | dd of="$icc" bs=1 seek=8 conv=notrunc status=none
done
cp FOGRA39L.icc "$out/FOGRA39.icc"
cp TR006.icc "$out/GRACoL2006.icc"
ls -l "$out"/*.icc
