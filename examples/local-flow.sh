#!/usr/bin/env bash
# The flow with the verbs alone, on a local anvil it starts and stops: deploy, governance setup
# and activation, one oracle round, the two sample venues served (each posts the trader's state
# through its HTTP endpoint), and the trader's proof submitted to the gate. Prints every step
# and the flow's wall time. Run from anywhere: examples/local-flow.sh [work folder].
# The keys are anvil's public development keys: never use them anywhere else.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CM=$ROOT/crossmargin
A=$ROOT/node_modules/.bin/anvil
WORK=${1:-$(mktemp -d)}
mkdir -p "$WORK" && cd "$WORK"
echo "working in $WORK"
$A --port 18600 --silent > anvil.log 2>&1 & ANVIL=$!
LEND=; PERP=
trap 'kill $ANVIL ${LEND:-} ${PERP:-} 2>/dev/null || true' EXIT
sleep 2
RPC=http://127.0.0.1:18600/
K0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
K1=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d
K5=0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba
K6=0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e
TRADER=0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
echo '{ "parameterDelay": 0, "operators": { "lending": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "perp": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" } }' > config.json
start=$(date +%s.%N)
$CM deploy --rpc $RPC --config config.json --private-key $K0 | tail -1
$CM governance setup --rpc $RPC --deployment deployment.json --private-key $K0 --parameters $ROOT/examples/portfolio.json \
  --reporters 0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc,0x976EA74026E726554dB657fA54763abd0C3a0aa9
$CM governance activate --rpc $RPC --deployment deployment.json --private-key $K0
echo "[\"$K5\", \"$K6\"]" > reporters.json
cat > prices.json <<'J'
{ "format": "crossmargin-prices/1", "feeds": ["USDC", "ETH", "ETH", "BTC"], "rounds": [ {"prices": ["0.9998", "3012.55", "3012.55", "97250"]} ] }
J
$CM oracle report --rpc $RPC --deployment deployment.json --reporter-keys reporters.json --prices prices.json --rounds 1
# The collateral token of local runs (SampleToken), which the venues settle liquidations in.
TOKEN=$(cd "$ROOT/contracts" && ../eng/forge create src/venues/SampleToken.sol:SampleToken --offline --rpc-url $RPC --private-key $K0 --broadcast --constructor-args "Sample USD" sUSD 2>&1 | grep -o "Deployed to: 0x[0-9a-fA-F]*" | cut -d' ' -f3)
echo "token $TOKEN"
$CM venue serve --rpc $RPC --deployment deployment.json --venue lending --data lending-book --token $TOKEN --listen 18701 --private-key $K1 > lending.log 2>&1 & LEND=$!
$CM venue serve --rpc $RPC --deployment deployment.json --venue perp --data perp-book --token $TOKEN --listen 18702 --private-key $K1 > perp.log 2>&1 & PERP=$!
for i in $(seq 1 120); do grep -q serving lending.log && grep -q serving perp.log && break; sleep 0.5; done
curl -sf -X PUT http://127.0.0.1:18701/accounts/$TRADER/state -d '{ "venueId": "1", "balances": ["25000000000", "20000000"], "debts": ["43000000000", "0"], "positions": [] }' > /dev/null
curl -sf -X PUT http://127.0.0.1:18702/accounts/$TRADER/state -d '{ "venueId": "2", "balances": ["8000000000", "0"], "debts": ["0", "0"], "positions": [ {"underlying": 0, "delta": "-6200000", "gamma": "4000000000", "vega": "850000000", "markToMarket": "4200000000"}, {"underlying": 1, "delta": "500000", "gamma": "0", "vega": "0", "markToMarket": "-350000000"} ] }' > /dev/null
mkdir -p openings && cp lending-book/openings/*.json openings/lending.json && cp perp-book/openings/*.json openings/perp.json
$CM trader prove --rpc $RPC --deployment deployment.json --openings openings --account $TRADER --submit --private-key $K0
end=$(date +%s.%N)
echo "flow wall time: $(awk "BEGIN { printf \"%.1f\", $end - $start }") s (the first run also builds the CLI)"
