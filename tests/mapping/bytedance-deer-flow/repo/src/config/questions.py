# Copyright (c) 2025 Bytedance Ltd. and/or its affiliates
# SPDX-License-Identifier: MIT

"""
Built-in questions for Deer.
"""

# English built-in questions
BUILT_IN_QUESTIONS = [
    "What factors are influencing AI adoption in healthcare?",
    "How does quantum computing impact cryptography?",
    "What are the latest developments in renewable energy technology?",
    "How is climate change affecting global agriculture?",
    "What are the ethical implications of artificial intelligence?",
    "What are the current trends in cybersecurity?",
    "How is blockchain technology being used outside of cryptocurrency?",
    "What advances have been made in natural language processing?",
    "How is machine learning transforming the financial industry?",
    "What are the environmental impacts of electric vehicles?",
]

# Chinese built-in questions
BUILT_IN_QUESTIONS_ZH_CN = [
    "人工智能在医疗保健领域的应用有哪些因素影响?",
    "量子计算如何影响密码学?",
    "可再生能源技术的最新发展是什么?",
    "气候变化如何影响全球农业?",
    "人工智能的伦理影响是什么?",
    "网络安全的当前趋势是什么?",
    "区块链技术在加密货币之外如何应用?",
    "自然语言处理领域有哪些进展?",
    "机器学习如何改变金融行业?",
    "电动汽车对环境有什么影响?",
]
