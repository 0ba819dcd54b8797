"""Text stages: normalization with offset maps, page cleaning, segmentation."""
