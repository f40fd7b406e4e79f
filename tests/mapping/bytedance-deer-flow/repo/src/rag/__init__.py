# Copyright (c) 2025 Bytedance Ltd. and/or its affiliates
# SPDX-License-Identifier: MIT

from .retriever import Retriever, Document, Resource, Chunk
from .ragflow import RAGFlowProvider
from .builder import build_retriever

__all__ = [Retriever, Document, Resource, RAGFlowProvider, Chunk, build_retriever]
