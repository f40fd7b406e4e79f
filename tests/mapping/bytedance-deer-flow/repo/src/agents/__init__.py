# Copyright (c) 2025 Bytedance Ltd. and/or its affiliates
# SPDX-License-Identifier: MIT

from .agents import create_agent

__all__ = ["create_agent"]
