{% if repo -%}
# Geo checks this method in FrameworkRepositorySyncService to avoid
# snapshotting repositories using object pools
def pool_repository
  nil
end

{% endif -%}
def {{ n.name }}_state
  super || build_{{ n.name }}_state
end
