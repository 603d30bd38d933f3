"""What only the web needs: error pages, rate limits, security headers, forms, serving hooks."""
