# frozen_string_literal: true

require 'spec_helper'

describe Geo::{{ n.registry_class }}Finder do
  it_behaves_like 'a framework registry finder', :{{ n.registry_table }}
end
