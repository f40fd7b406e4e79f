// Copyright (c) 2025 Bytedance Ltd. and/or its affiliates
// SPDX-License-Identifier: MIT

export * from "./chat";
export * from "./mcp";
export * from "./podcast";
export * from "./prompt-enhancer";
export * from "./types";
