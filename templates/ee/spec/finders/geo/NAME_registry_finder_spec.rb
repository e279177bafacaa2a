# frozen_string_literal: true

require 'spec_helper'

{{ c.describe }} Geo::{{ n.registry_class }}Finder do
  it_behaves_like 'a framework registry finder', :{{ c.registry_factory }}
end
