{%- if c.states -%}
def {{ n.name }}_state
  super || build_{{ n.name }}_state
end
{%- endif %}
{%- if c.states && c.repository %}

{% endif %}
{%- if c.repository -%}
# Geo checks this method in FrameworkRepositorySyncService to avoid
# snapshotting repositories using object pools
def pool_repository
  nil
end
{%- endif %}
