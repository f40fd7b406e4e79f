#!/bin/sh
# An example assistant for Bulwark: wraps a local model runner (here `ollama`, running on this
# machine) in Bulwark's stdin/stdout protocol. Bulwark writes one JSON request to stdin and
# reads one JSON reply from stdout (schema: libraries/README.md, "Assistant protocol").
# Configure it with BULWARK_ASSISTANT="sh /path/to/local-runner.sh" or in the app's settings.
# Whatever the runner needs (model name, keys) it reads from its own environment; Bulwark
# stores none.
set -eu
model="${BULWARK_LOCAL_MODEL:-llama3.1}"
request=$(cat)
prompt="You help threat-model an AI system for Bulwark. Answer ONLY with one JSON object:
{\"bulwark_assistant\": 1, \"text\": \"...\", \"suggestions\": [...]}, where each suggestion is
{\"type\":\"add_threat\",\"statement\":\"...\",\"element\":\"el-...\"} or
{\"type\":\"set_control\",\"element\":\"el-...\",\"control\":\"...\",\"state\":\"required\"},
using only ids from the request. The request:
$request"
printf '%s' "$prompt" | ollama run "$model" --format json
